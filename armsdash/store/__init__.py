"""The versioned store: connections, schema, data versions, derived tables, the build from data/."""
