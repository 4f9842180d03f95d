from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Staff exports of a consultation's responses (CSV, XLSX, SPSS, JSON, Parquet) with their data dictionary, and
    XLSForm in and out. Staff-only: nothing the public sees imports it."""

    name = "safevoice.exports"
    label = "exports"
