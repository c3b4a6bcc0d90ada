"""Mail is real MIME, and what users typed stays text in the HTML part."""
from chalicelib.notify import mail, templates


def test_invite_mail_escapes_user_text_in_html():
    subject, text, html = templates.render("invite", "en", name="<b>Eve</b>", inviter="Ada & co",
                                           workspace="W", link="https://x/#/invite/t", days=7)
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html and "<b>Eve</b>" not in html
    assert "Ada &amp; co" in html
    assert "<b>Eve</b>" in text and subject == "Ada & co invited you to W"


def test_messages_are_multipart_alternative_with_headers():
    msg = mail.build_message("eve@example.com", "Hi", "plain body", "<p>html body</p>")
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Message-ID"] and msg["Date"]
    assert msg.get_body(("plain",)).get_content().strip() == "plain body"


def test_the_french_invite_is_in_french():
    subject, text, _ = templates.render("invite", "fr", name="Zoé", inviter="Ada", workspace="W",
                                        link="l", days=7)
    assert "vous invite" in subject and "Bonjour Zoé" in text
