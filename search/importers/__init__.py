"""File importers: one module per format, each a generator `read(path)` of PaperRecord or RecordError."""
