"""Free text: redaction of personal details, offline embeddings, themes and assignment to agreed themes."""
