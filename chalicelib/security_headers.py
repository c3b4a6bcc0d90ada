"""The security headers every response carries, defined once.

The local runner adds them to static files and API answers alike; infra/
puts the same values in the CloudFront response headers policy, so the
browser sees one policy locally and in AWS.
"""

# Everything comes from our own origin: the site has no build step, no CDN
# scripts and no inline code, so 'self' is enough and inline script stays off.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
