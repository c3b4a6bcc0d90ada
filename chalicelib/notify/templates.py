"""Mail templates: jinja2 with autoescaping, so names users typed stay text in HTML."""
_ENV = None
_DIR = __file__.rsplit("/", 1)[0] + "/templates"


def _env():
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(_DIR),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
    return _ENV


def render(template, language, **context):
    """(subject, text, html) of `template` in `language` (fr or en)."""
    env = _env()
    base = f"{template}.{language}"
    subject = env.get_template(f"{base}.subject.txt").render(**context).strip()
    text = env.get_template(f"{base}.txt").render(**context)
    html = env.get_template(f"{base}.html").render(**context)
    return subject, text, html
