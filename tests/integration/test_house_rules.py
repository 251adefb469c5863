"""The page-fetch helper's house rules catch what they say they catch (tests/house_rules.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from house_rules import check_house_rules

GOOD = """<!DOCTYPE html><html lang="en-GB" class="govuk-template"><head>
<title>{title} – incare</title></head><body>
<script nonce="abc">document.body.className += ' js-enabled';</script>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<main id="main-content">{errors}<h1>Page</h1>{body}</main></body></html>"""

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'nonce-abc'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def page(title: str = "Page", body: str = "", errors: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(GOOD.format(title=title, body=body, errors=errors))
    for name, value in {**HEADERS, **headers}.items():
        response.headers[name.replace("_", "-")] = value
    return response


def test_a_page_keeping_every_rule_passes() -> None:
    form = (
        '<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken">'
        '<label for="n">Name</label><input id="n" name="n"></form>'
    )
    assert "<h1>Page</h1>" in check_house_rules("/ok/", page(body=form))


@pytest.mark.parametrize(
    ("response", "complaint"),
    [
        (page(X_Frame_Options="SAMEORIGIN"), "X-Frame-Options"),
        (page(Content_Security_Policy=""), "Content-Security-Policy"),
        (page(title=""), "title"),
        (page(errors='<div class="govuk-error-summary"></div>'), "must start 'Error: '"),
        (page(body="<h1>Another</h1>"), "2 <h1>s"),
        (page(body='<form method="post" action="https://else.example/">'), "not a path"),
        (page(body='<form action="/x/">'), "method"),
        (page(body='<form method="post" action="/x/"></form>'), "no CSRF token"),
        (page(body='<p style="color:red">x</p>'), "inline style"),
        (page(body='<p id="main-content"></p>'), "duplicate ids"),
        (page(body='<input id="q" name="q">'), "without a label"),
        (page(body="<script>alert(1)</script>"), "without the nonce"),
        (HttpResponse("boom", status=500), "server error"),
    ],
)
def test_a_page_breaking_a_rule_is_caught(response: HttpResponse, complaint: str) -> None:
    with pytest.raises(AssertionError, match=complaint):
        check_house_rules("/bad/", response)
