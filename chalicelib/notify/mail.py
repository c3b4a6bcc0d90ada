"""Sending mail: real MIME messages through a file, SMTP or SES backend.

The backend is chosen by CRM_MAIL_BACKEND: `file` (the local default) writes
each message as an .eml file to CRM_MAIL_OUTBOX so a developer can open it in
a mail client; `smtp` and `ses` deliver it.
"""
import os
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chalicelib import config


def build_message(to, subject, text, html=None, sender=None, attachments=(), calendar=None):
    """A multipart/alternative MIME message (plus attachments: (bytes, maintype, subtype, filename)).

    `calendar` is (ics text, method): the invite goes as a `text/calendar;
    method=…` alternative, which mail clients show as an invitation, and as an
    `invite.ics` attachment for the others.
    """
    msg = EmailMessage()
    msg["From"] = sender or config.MAIL_FROM
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=config.MAIL_FROM.rsplit("@", 1)[-1].strip(">") or None)
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    if calendar:
        ics, method = calendar
        msg.add_alternative(ics, subtype="calendar", params={"method": method})
        attachments = [*attachments, (ics.encode("utf-8"), "text", "calendar", "invite.ics")]
    for data, maintype, subtype, filename in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def send(msg):
    """Deliver `msg` with the configured backend; return where it went."""
    backend = config.MAIL_BACKEND
    if backend == "file":
        return _to_outbox(msg)
    if backend == "smtp":
        return _to_smtp(msg)
    if backend == "ses":
        return _to_ses(msg)
    raise RuntimeError(f"Unknown CRM_MAIL_BACKEND {backend!r}")


def _to_outbox(msg):
    os.makedirs(config.MAIL_OUTBOX, exist_ok=True)
    name = msg["Message-ID"].strip("<>").replace("@", "_").replace("/", "_") + ".eml"
    path = os.path.join(config.MAIL_OUTBOX, name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(msg.as_bytes())
    os.replace(tmp, path)  # a reader never sees half a message
    return path


def _to_smtp(msg):
    import smtplib

    with smtplib.SMTP(config.SMTP_HOST, config.SMTP_PORT, timeout=10) as smtp:
        if config.SMTP_STARTTLS:
            smtp.starttls()
        if config.SMTP_USER:
            smtp.login(config.SMTP_USER, config.SMTP_PASSWORD)
        smtp.send_message(msg)
    return f"smtp://{config.SMTP_HOST}:{config.SMTP_PORT}"


_SES = None


def _to_ses(msg):
    global _SES
    if _SES is None:
        import boto3

        _SES = boto3.client("ses", region_name=config.AWS_REGION)
    response = _SES.send_raw_email(RawMessage={"Data": msg.as_bytes()})
    return f"ses:{response['MessageId']}"
