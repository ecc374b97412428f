from django.conf import settings


def test_vietnamese_is_the_default_language(client_for):
    html = client_for("xa").get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Tổng quan" in html
    assert "Nhật ký thay đổi" in html


def test_an_english_browser_still_gets_vietnamese(client_for):
    html = client_for("xa").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    assert "Tổng quan" in html


def test_english_is_available_for_the_shell(client_for):
    client = client_for("xa")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html
    assert "Change log" in html
    assert "Log out" in html
