"""Pure CRM rules: no boto3, no PynamoDB, no Chalice. Testable in microseconds."""
