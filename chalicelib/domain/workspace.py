"""Rules about the workspace: its name, default currency and language."""
from chalicelib.domain.users import DEFAULT_LANGUAGE, LANGUAGES
from chalicelib.domain.validation import VERSION, Field, Schema

# ISO 4217 codes a small team is likely to invoice in; extend freely.
CURRENCIES = (
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "CNY", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "RON", "BGN", "MAD", "TND", "DZD", "XOF", "XAF", "BRL", "MXN",
    "INR", "SGD", "HKD", "ZAR", "AED", "ILS", "TRY",
)
DEFAULT_CURRENCY = "EUR"
DEFAULT_NAME = {"fr": "Mon espace", "en": "My workspace"}

WORKSPACE = Schema("Workspace", {
    "name": Field("string", min_length=1, max_length=120),
    "default_currency": Field("string", choices=CURRENCIES),
    "language": Field("string", choices=LANGUAGES,
                      description="Language of defaults such as stage names."),
    "version": VERSION,
})


def new_workspace(language=DEFAULT_LANGUAGE):
    """Attributes of a fresh workspace in `language`."""
    return {"name": DEFAULT_NAME[language], "default_currency": DEFAULT_CURRENCY,
            "language": language}
