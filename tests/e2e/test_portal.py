"""Files and the client portal through the browser: a deal won on the board opens its portal from the
prompt; the client uses it on a phone (books a session from the package, ticks a goal, sends a file);
the coach sees each of those on the deal's timeline, then revokes the link and the page refuses.
And the Files tab of a person: images and documents sent, previewed, renamed, deleted, refusals said.
"""
import re
import struct
import zlib

from playwright.sync_api import expect

from .test_pipeline import card, eventually, make_pipeline, ok, open_board, unique

PHONE = {"width": 375, "height": 800}


def png(size=16):
    """A small, real PNG (a flat colour square): the preview must draw it."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes([200, 80, 60, 255]) * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_deal(admin_api, pipeline):
    person = ok(admin_api.post("/api/persons", data={
        "name": unique("Cliente"), "emails": [{"value": f"{unique('c').split()[1]}@client.example", "label": "work"}]}),
        "POST person")
    deal = ok(admin_api.post("/api/deals", data={
        "title": unique("Coaching"), "value": 1500, "person_id": person["id"], "pipeline_id": pipeline["id"],
        "stage_id": pipeline["open"][0]["id"]}), "POST deal")
    return person, deal


def test_a_deal_won_on_the_board_opens_a_portal_the_client_uses_on_a_phone_and_the_coach_revokes(
        page, signed_in, admin_api, browser, base_url, console_errors, dialogs):
    pipeline = make_pipeline(admin_api)
    person, deal = client_deal(admin_api, pipeline)
    open_board(page, pipeline)
    select = card(page, deal["id"]).locator("select[data-action=card-stage]")
    select.focus()  # the card's list fills its choices when a person reaches it
    select.select_option("__won")
    prompt = page.locator(".board-outcome-notice [data-action=prompt-portal]")
    expect(prompt).to_be_visible()
    prompt.click()

    dialog = page.locator("dialog.portal-dialog[open]")
    expect(dialog).to_be_visible()
    dialog.locator("textarea[name=welcome]").fill("Bienvenue dans votre accompagnement !")
    dialog.locator("input[name=sessions_total]").fill("3")
    dialog.locator("input[name=item]").first.fill("Lire le guide")
    dialog.locator("input[name=item]").first.press("Enter")
    dialog.locator("input[name=item]").nth(1).fill("Noter trois objectifs")
    dialog.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"#/deals/{deal['id']}$"))
    card_el = page.locator(".portal-card")
    expect(card_el.locator(".status-active")).to_be_visible()
    url = card_el.locator("[data-copy=portal_url] input").input_value()
    token = url.split("#/portal/")[1]
    assert len(token) >= 22

    # The client, on a phone, with nothing but the link.
    phone = browser.new_context(base_url=base_url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        client = phone.new_page()
        client.goto(f"/#/portal/{token}")
        expect(client.locator("#portal-title")).to_have_text(deal["title"])
        expect(client.locator(".portal-welcome")).to_have_text("Bienvenue dans votre accompagnement !")
        expect(client.locator(".portal-package-count")).to_contain_text("3")

        client.locator("[data-action=start-booking]").click()
        client.locator(".slot-picker .time-button[data-start]").first.click()
        client.locator("[data-action=confirm-booking]").click()
        expect(client.locator(".portal-notice .alert-success")).to_be_visible()
        expect(client.locator(".portal-sessions .portal-session")).to_have_count(1)
        expect(client.locator(".package-seat.is-booked")).to_have_count(1)

        goal = client.locator(".portal-goal", has_text="Noter trois objectifs")
        goal.locator("input[type=checkbox]").check()
        expect(client.locator(".portal-goal.is-done", has_text="Noter trois objectifs")).to_be_visible()

        client.locator(".portal-files input[type=file]").set_input_files(
            {"name": "Mes objectifs.pdf", "mimeType": "application/pdf", "buffer": PDF})
        expect(client.locator(".portal-file-name", has_text="Mes objectifs.pdf")).to_be_visible()
        scroll_width = client.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], f"the portal scrolls sideways on a phone ({scroll_width}px)"

        # Back as the coach: the deal's timeline tells all three.
        eventually(lambda: len([e for e in ok(admin_api.get(f"/api/deals/{deal['id']}/timeline"), "timeline")["items"]
                                if e["kind"] in ("portal", "file")]) >= 2)
        page.reload()
        timeline = page.locator(".timeline-section")
        expect(timeline.locator(".portal-booked")).to_be_visible()
        expect(timeline.locator(".portal-entry", has_text="Noter trois objectifs")).to_be_visible()
        expect(timeline.locator(".file-entry", has_text="Mes objectifs.pdf")).to_be_visible()

        # The portal's booking link is among the coach's links, marked as the portal's, with nothing to share.
        page.goto("/#/scheduler")
        portal_link = page.locator(".link-card", has=page.locator(f"a[href='#/deals/{deal['id']}'][data-action=open-portal-deal]"))
        expect(portal_link.locator(".badge-portal")).to_have_text("Portail client")
        expect(portal_link.locator("[data-action=share-link], [data-action=preview-link]")).to_have_count(0)
        page.goto(f"/#/deals/{deal['id']}")

        page.locator(".portal-card [data-action=revoke-portal]").click()
        page.locator("dialog[open] [data-choice=revoke]").click()
        expect(page.locator(".portal-card .status-revoked")).to_be_visible()

        client.reload()
        expect(client.locator(".portal-invalid h1")).to_have_text("Ce lien n’est plus valable")
        client.goto(f"/#/portal/{'x' * 43}")
        expect(client.locator(".portal-invalid h1")).to_have_text("Ce lien n’est plus valable")
    finally:
        phone.close()
    assert not dialogs
    assert not [e for e in console_errors if "status of" not in e], console_errors


def test_the_files_tab_sends_previews_renames_and_deletes_and_refuses_in_words(page, signed_in, admin_api, console_errors):
    person = ok(admin_api.post("/api/persons", data={"name": unique("Personne Fichiers")}), "POST person")
    page.goto(f"/#/persons/{person['id']}")
    page.locator(".composer [role=tab][data-tab=files]").click()
    tab = page.locator(".files-tab")
    expect(tab.locator(".files-empty")).to_be_visible()
    tab.locator("input[type=file]").set_input_files([
        {"name": "photo.png", "mimeType": "image/png", "buffer": png()},
        {"name": "Devis.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(tab.locator(".file-item")).to_have_count(2)
    expect(tab.locator(".file-item", has_text="Devis.pdf").locator(".file-meta")).to_contain_text("PDF")

    tab.locator(".file-item", has_text="photo.png").locator("button.file-thumb").click()
    preview = page.locator("dialog.file-preview-dialog[open] img.file-preview-image")
    expect(preview).to_be_visible()
    page.wait_for_function("() => document.querySelector('dialog[open] img.file-preview-image').naturalWidth > 0")
    page.keyboard.press("Escape")

    tab.locator(".file-item", has_text="Devis.pdf").locator("[data-action=edit-file]").click()
    form = page.locator("dialog[open] form.file-edit-form")
    form.locator("input[name=name]").fill("Devis signé.pdf")
    form.locator("button[type=submit]").click()
    expect(tab.locator(".file-item", has_text="Devis signé.pdf")).to_be_visible()

    with page.expect_download() as download:
        tab.locator(".file-item", has_text="Devis signé.pdf").locator("[data-action=download-file]").first.click()
    assert download.value.suggested_filename == "Devis signé.pdf"

    tab.locator(".file-item", has_text="photo.png").locator("[data-action=delete-file]").click()
    expect(tab.locator(".file-item")).to_have_count(1)
    tab.locator("[data-action=undo-delete]").click()
    expect(tab.locator(".file-item")).to_have_count(2)
    expect(page.locator(".timeline .file-entry", has_text="Devis signé.pdf")).to_be_visible(timeout=15000)

    tab.locator("input[type=file]").set_input_files([
        {"name": "outil.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ" + b"\0" * 64}])
    expect(tab.locator(".upload-error")).to_contain_text("ce type de fichier n’est pas accepté")
    tab.locator("[data-action=dismiss-upload]").click()
    big = b"\0" * (25 * 1024 * 1024 + 1)
    tab.locator("input[type=file]").set_input_files([{"name": "film.mp4", "mimeType": "video/mp4", "buffer": big}])
    expect(tab.locator(".upload-error")).to_contain_text("25 Mo")
    expect(tab.locator(".file-item")).to_have_count(2)
    assert not [e for e in console_errors if "status of 4" not in e], console_errors
