import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_interactive_api_docs_render_from_our_own_files_under_the_content_security_policy(new_page, live_server):
    page = new_page("window")  # in production the docs are for staff
    outside = []
    page.on("request", lambda request: request.url.startswith(live_server.url) or outside.append(request.url))
    page.goto("/api/docs")
    expect(page.get_by_text("/api/cases", exact=False).first).to_be_visible()
    assert outside == []
