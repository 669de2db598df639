def test_interface_is_vietnamese_even_for_an_english_browser(client, db):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    assert '<option value="vi" selected>' in html


def test_the_footer_switch_changes_the_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    html = client.get("/login/").content.decode()
    assert 'lang="en"' in html
    assert '<option value="en" selected>' in html
