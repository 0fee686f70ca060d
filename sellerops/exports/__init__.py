"""Report exports: pure builders over the warehouse marts, and CSV and PDF writers.

The dashboard's Reports page and scheduled reports call them through
`sellerops.services.exports`, which checks the permission and audits each export.
"""

from sellerops.exports.catalog import EXPORTS, ExportSpec
from sellerops.exports.csv_writer import write_csv
from sellerops.exports.pdf_writer import PdfReport, write_pdf
from sellerops.exports.request import FORMATS, ExportRequest

__all__ = [
    "EXPORTS",
    "FORMATS",
    "ExportRequest",
    "ExportSpec",
    "PdfReport",
    "write_csv",
    "write_pdf",
]
