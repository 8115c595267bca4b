"""The inbox's part of the GraphQL schema (站内通知)."""
