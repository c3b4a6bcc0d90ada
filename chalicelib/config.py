"""Every environment variable the application reads, read once at import.

Tests and the local runner configure the app through the process
environment before importing it (Chalice stage variables only apply during
an invocation, too late for the models' connection settings).
"""
import os


def _int(name, default):
    return int(os.environ.get(name, default))


def _bool(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


AWS_REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-3"
# DynamoDB endpoint: empty in AWS, http://127.0.0.1:<port> for DynamoDB Local.
DYNAMODB_ENDPOINT = os.environ.get("CRM_DYNAMODB_ENDPOINT") or None
TABLE_NAME = os.environ.get("CRM_TABLE", "crm")
# Chalice needs the stream ARN when app.py is imported; the packaged template
# replaces it with Fn::GetAtt (infra/), so this default never reaches AWS.
STREAM_ARN = os.environ.get(
    "CRM_STREAM_ARN",
    "arn:aws:dynamodb:eu-west-3:000000000000:table/crm/stream/1970-01-01T00:00:00.000",
)

# Public base URL of the site, used in links sent by mail (invites, bookings).
PUBLIC_URL = os.environ.get("CRM_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_TTL_HOURS = _int("CRM_SESSION_TTL_HOURS", 24 * 14)
INVITE_TTL_HOURS = _int("CRM_INVITE_TTL_HOURS", 24 * 7)
# Secure cookies unless the public URL is plain http (the local run).
COOKIE_SECURE = _bool("CRM_COOKIE_SECURE", "1" if PUBLIC_URL.startswith("https://") else "0")
MAX_BODY_BYTES = _int("CRM_MAX_BODY_BYTES", 1024 * 1024)

# Login throttling: attempts allowed per window, per client address and per email.
LOGIN_MAX_ATTEMPTS = _int("CRM_LOGIN_MAX_ATTEMPTS", 10)
LOGIN_WINDOW_SECONDS = _int("CRM_LOGIN_WINDOW_SECONDS", 15 * 60)

# Mail: "file" writes .eml files to MAIL_OUTBOX, "smtp" or "ses" send.
MAIL_BACKEND = os.environ.get("CRM_MAIL_BACKEND", "file")
MAIL_OUTBOX = os.environ.get("CRM_MAIL_OUTBOX", ".data/outbox")
MAIL_FROM = os.environ.get("CRM_MAIL_FROM", "CRM <no-reply@crm.localhost>")
SMTP_HOST = os.environ.get("CRM_SMTP_HOST", "127.0.0.1")
SMTP_PORT = _int("CRM_SMTP_PORT", 25)
SMTP_USER = os.environ.get("CRM_SMTP_USER", "")
SMTP_PASSWORD = os.environ.get("CRM_SMTP_PASSWORD", "")
SMTP_STARTTLS = _bool("CRM_SMTP_STARTTLS", "0")

LOG_LEVEL = os.environ.get("CRM_LOG_LEVEL", "INFO")

# How many proxies append to X-Forwarded-For before the app (CloudFront: 1).
# 0 trusts API Gateway's sourceIp, which is the client in the local run.
TRUSTED_PROXY_HOPS = _int("CRM_TRUSTED_PROXY_HOPS", 0)
SESSION_COOKIE = "crm_session"
# In AWS, CloudFront adds this header with the stack's secret to every API call; the API
# refuses calls without it, which reached API Gateway's own URL and bypassed CloudFront
# (and with it the address CloudFront appends for the rate limits). Empty locally: no check.
ORIGIN_HEADER = "X-Crm-Origin"
ORIGIN_SECRET = os.environ.get("CRM_ORIGIN_SECRET", "")

# argon2id cost (RFC 9106). The defaults suit a 512 MB Lambda; the API tests
# lower them because they hash hundreds of passwords.
ARGON2_TIME_COST = _int("CRM_ARGON2_TIME_COST", 3)
ARGON2_MEMORY_KIB = _int("CRM_ARGON2_MEMORY_KIB", 64 * 1024)
ARGON2_PARALLELISM = _int("CRM_ARGON2_PARALLELISM", 4)

# Every other public endpoint: calls allowed per client address and window.
PUBLIC_MAX_REQUESTS = _int("CRM_PUBLIC_MAX_REQUESTS", 60)
PUBLIC_WINDOW_SECONDS = _int("CRM_PUBLIC_WINDOW_SECONDS", 60)

# Files attached to records and shared in portals. Uploads go straight to storage: "local"
# (the local run: FILES_DIR, served by the runner with signed, expiring URLs) or "s3"
# (presigned POST and GET on FILES_BUCKET).
FILES_BACKEND = os.environ.get("CRM_FILES_BACKEND", "local")
FILES_BUCKET = os.environ.get("CRM_FILES_BUCKET", "")
FILES_DIR = os.environ.get("CRM_FILES_DIR", ".data/files")
# Signs the local store's upload and download URLs (the runner sets one per data directory).
FILES_SECRET = os.environ.get("CRM_FILES_SECRET", "")
FILE_MAX_BYTES = _int("CRM_FILE_MAX_BYTES", 25 * 1024 * 1024)
# The content types a file may have (comma-separated; `image/*` allows every image type).
FILE_TYPES = tuple(t.strip().lower() for t in os.environ.get("CRM_FILE_TYPES", ",".join((
    "application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "text/plain", "text/csv",
    "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip", "audio/mpeg", "audio/mp4", "video/mp4"))).split(",") if t.strip())
UPLOAD_TTL_SECONDS = _int("CRM_UPLOAD_TTL_SECONDS", 15 * 60)
DOWNLOAD_TTL_SECONDS = _int("CRM_DOWNLOAD_TTL_SECONDS", 5 * 60)
