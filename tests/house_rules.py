"""The house rules every HTML page keeps, checked by the one page-fetch helper in conftest.py
(`get_page`), so each test that fetches a page checks them too (STYLE.md).

- no server error, and the status the test expects;
- security headers: a Content-Security-Policy whose nonce is the one on the page's inline
  script(s), X-Frame-Options DENY, nosniff, Referrer-Policy;
- GOV.UK page template: `<html lang="en-GB" class="govuk-template">`, a skip link to
  `#main-content`, one `<h1>`;
- title: `Page – incare`, starting `Error: ` exactly when the page shows an error summary;
- forms: a same-site `action`, a `method`, and a CSRF token when they POST;
- no inline `style` attributes (the CSP refuses them), no duplicate ids, every visible input
  with a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

LABELLED_ELSEWHERE = {"hidden", "submit", "button", "image", "reset"}


@dataclass
class Page(HTMLParser):
    titles: list[str] = field(default_factory=list)
    h1s: int = 0
    html_attrs: dict[str, str] = field(default_factory=dict)
    forms: list[dict[str, str]] = field(default_factory=list)
    csrf_in_form: list[bool] = field(default_factory=list)
    scripts: list[dict[str, str]] = field(default_factory=list)
    styled: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    inputs: list[dict[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    error_summary: bool = False
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if "style" in a:
            self.styled.append(tag)
        if "govuk-error-summary" in a.get("class", "").split():
            self.error_summary = True
        if tag == "html":
            self.html_attrs = a
        elif tag == "title":
            self._in_title = True
            self.titles.append("")
        elif tag == "h1":
            self.h1s += 1
        elif tag == "form":
            self.forms.append(a)
            self.csrf_in_form.append(False)
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken" and self.csrf_in_form:
            self.csrf_in_form[-1] = True
        elif tag == "script" and "src" not in a:
            self.scripts.append(a)
        elif tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        elif tag == "a":
            self.links.append(a.get("href", ""))
        if tag in {"input", "select", "textarea"}:
            self.inputs.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def check_house_rules(url: str, response: HttpResponse) -> str:
    """Fail with the first rule the page breaks; return its HTML."""
    assert response.status_code < 500, f"{url}: server error {response.status_code}"
    check_headers(url, response)
    html = response.content.decode()
    page = Page()
    page.feed(html)
    assert page.html_attrs == {"lang": "en-GB", "class": "govuk-template"}, url
    assert 'href="#main-content"' in html, f"{url}: no skip link"
    assert 'id="main-content"' in html, f"{url}: no main content"
    assert page.h1s == 1, f"{url}: {page.h1s} <h1>s"
    check_title(url, page)
    check_forms(url, page)
    check_scripts(url, page, response)
    assert page.styled == [], f"{url}: inline style on {page.styled} (refused by the CSP)"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"{url}: duplicate ids {duplicates}"
    unlabelled = [
        i.get("name", "?")
        for i in page.inputs
        if i.get("type") not in LABELLED_ELSEWHERE and i.get("id") not in page.label_for
    ]
    assert unlabelled == [], f"{url}: inputs without a label {unlabelled}"
    assert "" not in page.links, f"{url}: a link without an href"
    return html


def check_headers(url: str, response: HttpResponse) -> None:
    expected = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    for name, value in expected.items():
        assert response.headers.get(name) == value, (
            f"{url}: {name} is {response.headers.get(name)!r}"
        )
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, f"{url}: Content-Security-Policy is {policy!r}"


def check_title(url: str, page: Page) -> None:
    assert len(page.titles) == 1, f"{url}: {len(page.titles)} <title>s"
    title = page.titles[0].strip()
    assert re.fullmatch(r"(Error: )?\S.* – incare", title), f"{url}: title {title!r}"
    assert title.startswith("Error: ") == page.error_summary, (
        f"{url}: title {title!r} must start 'Error: ' exactly when the page shows errors"
    )


def check_forms(url: str, page: Page) -> None:
    for form, has_csrf in zip(page.forms, page.csrf_in_form, strict=True):
        action = form.get("action", "")
        on_this_site = re.match(r"/(?!/)", action) is not None
        assert on_this_site, f"{url}: form action {action!r} is not a path on this site"
        method = form.get("method", "").lower()
        assert method in {"get", "post"}, f"{url}: form to {action} has method {method!r}"
        if method == "post":
            assert has_csrf, f"{url}: POST form to {action} has no CSRF token"


def check_scripts(url: str, page: Page, response: HttpResponse) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for script in page.scripts:
        if script.get("type") == "application/json":
            continue  # data, not code
        assert nonce, f"{url}: an inline script but no nonce in the policy"
        assert script.get("nonce") == nonce.group(1), f"{url}: inline script without the nonce"
