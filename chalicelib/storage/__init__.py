"""DynamoDB storage: the table definition, PynamoDB models and repositories."""
