"""The CRM application package (shipped to Lambda by Chalice)."""
