"""The local run (DESIGN §6): DynamoDB Local, the app, streams and schedules on one port."""
