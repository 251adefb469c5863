"""Every view declares who may see it; none is open by accident."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incare.accounts.roles import ROLES, Role
from incare.core.access import ACCESS, PERMISSION

# Django's admin checks staff status itself, on every one of its views.
SELF_GUARDED_NAMESPACES = {"admin"}

# Pages with parameters walked with these (by URL name). The walk's database is empty, so a
# role the view lets in finds nothing there (404), and any other is refused (403) first.
SAMPLE_KWARGS: dict[str, dict[str, object]] = {
    "child": {"child_id": "NOBODY"},
    "data-run": {"run_id": 999_999},
    "data-run-excel": {"run_id": 999_999},
}


def _walked(pattern: URLPattern) -> bool:
    return not pattern.pattern.converters or pattern.name in SAMPLE_KWARGS


def _url(route: str, pattern: URLPattern) -> str:
    if pattern.name in SAMPLE_KWARGS:
        return reverse(pattern.name, kwargs=SAMPLE_KWARGS[pattern.name])
    return reverse(pattern.name) if pattern.name else "/" + route


def patterns(
    resolver: URLResolver | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SELF_GUARDED_NAMESPACES:
                continue
            yield from patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_every_view_declares_who_may_see_it() -> None:
    undeclared = [route for route, p in patterns() if not hasattr(p.callback, ACCESS)]
    assert undeclared == []


@pytest.mark.django_db
def test_every_page_but_sign_in_asks_anonymous_visitors_to_sign_in(client: Client) -> None:
    routes = [(r, p) for r, p in patterns() if getattr(p.callback, ACCESS) != "anyone"]
    assert routes, "the URL map should have protected pages"
    for route, pattern in routes:
        if not _walked(pattern):
            continue  # pages with parameters are covered by their own tests
        response = client.get(_url(route, pattern))
        assert response.status_code == 302, route
        assert response.url.startswith(reverse("login")), route


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_role_sees_exactly_the_pages_its_role_allows(
    role: Role, signed_in_client: Callable[[str], Client], get_page: Callable[..., str]
) -> None:
    """Issue 7 §2: walk every page as every role; each page keeps the house rules, and is
    either shown (200) or refused (403) as the view's declared permission says."""
    client = signed_in_client(role.value)
    walked = 0
    for route, pattern in patterns():
        if not _walked(pattern) or getattr(pattern.callback, ACCESS) == "anyone":
            continue  # pages with parameters are covered by their own tests
        permission = getattr(pattern.callback, PERMISSION, None)
        allowed = permission is None or getattr(ROLES[role], permission)
        found = 404 if pattern.pattern.converters else 200
        get_page(client, _url(route, pattern), status=found if allowed else 403)
        walked += 1
    assert walked >= 2  # the home page and the imports page at least


@pytest.mark.django_db
def test_a_missing_page_says_so_in_the_service_s_own_page(
    client: Client, get_page: Callable[..., str]
) -> None:
    html = get_page(client, "/no-such-page/", status=404)
    assert "Page not found" in html


@pytest.mark.django_db
def test_roles_without_import_rights_cannot_see_the_imports_page(
    signed_in_client: Callable[[str], Client],
) -> None:
    assert signed_in_client("councillor").get(reverse("import-runs")).status_code == 403


@pytest.mark.django_db
def test_sign_in_and_out(
    client: Client, example_user: Callable[[str], object], get_page: Callable[..., str]
) -> None:
    example_user("analyst")
    html = get_page(client, reverse("login"))
    assert "Sign in" in html

    response = client.post(
        reverse("login"), {"username": "analyst", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_says_so(client: Client, get_page: Callable[..., str]) -> None:
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: Sign in – incare</title>" in html
