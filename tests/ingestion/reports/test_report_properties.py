"""Property tests: layout changes that Seller Hub makes between versions leave the parse alone."""

import csv
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.reports import read_orders_report, read_settlement_report

SAMPLE = Path(__file__).parents[2] / "data" / "seller_hub" / "settlement_report_excerpt.csv"
GROUP_ROW, HEADER_ROW, SUB_ROW = 6, 7, 8
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

FORMULA_VARIANTS = ["", "\n= SUM(A:B)", " =SUM (C:D)", "\n[X+Y]", "\n= AB + AC"]
JUNK_TOP = [["Dear Seller"], ["Report generated on", "2026-06-25"], ["Note:", "for reference"]]
JUNK_BOTTOM = [[], ["Total", "", "", "-83.0"], ["This is a system generated report"]]


def _sample_rows():
    with SAMPLE.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def _parse_csv(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settlement.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(rows)
        result = read_settlement_report(path)
    return result.rows, result.errors


BASELINE = _parse_csv(_sample_rows())


def _blocks(rows):
    """Split the columns into group blocks, each starting where the group row names a group."""
    width = len(rows[HEADER_ROW])
    starts = [index for index in range(width) if rows[GROUP_ROW][index].strip()]
    return [
        list(range(start, end)) for start, end in zip(starts, [*starts[1:], width], strict=True)
    ]


@st.composite
def settlement_variants(draw):
    rows = _sample_rows()
    table = [row for row in rows[GROUP_ROW:]]
    blocks = _blocks(rows)

    order = []
    for block in draw(st.permutations(blocks)):
        has_sub_header = any(table[SUB_ROW - GROUP_ROW][index] for index in block)
        columns = block if has_sub_header else draw(st.permutations(block))
        group = rows[GROUP_ROW][block[0]]
        order.append((columns, group))

    rebuilt = [[] for _ in table]
    for columns, group in order:
        for position, index in enumerate(columns):
            for level, row in enumerate(table):
                cell = row[index]
                if level == 0:
                    cell = group if position == 0 else ""
                rebuilt[level].append(cell)

    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(rebuilt[0])))
        for row in rebuilt:
            row.insert(at, "")

    header = rebuilt[1]
    for index, name in enumerate(header):
        base = name.split("\n")[0].split("=")[0].rstrip()
        if base:
            suffix = draw(st.sampled_from(FORMULA_VARIANTS)) if name != base else ""
            spaces = draw(st.sampled_from(["", " ", "  "]))
            header[index] = spaces + base.replace(" ", draw(st.sampled_from([" ", "  "]))) + suffix

    top = draw(st.lists(st.sampled_from(JUNK_TOP), max_size=3))
    bottom = draw(st.lists(st.sampled_from(JUNK_BOTTOM), max_size=3))
    return [*top, *rows[:GROUP_ROW], *rebuilt, *bottom]


@PROPERTY_SETTINGS
@given(settlement_variants())
def test_settlement_variants_parse_same(rows):
    assert _parse_csv(rows) == BASELINE


ORDER_COLUMNS = [
    ("Ordered On", ["2025-05-01", "2025-05-02", "2025-05-03"]),
    ("ORDER ITEM ID", ["274941122444352100", "624962879556601107", "547747197595392101"]),
    ("Order Id", ["OD1", "OD2", "OD3"]),
    ("SKU", ["A-1", "B-2", "C-3"]),
    ("Quantity", [1, "2", 3.0]),
    ("Invoice Amount", ["252.00", 99.5, "1,200"]),
    ("City", ["Pune", "N/A", "Surat"]),
]


def _parse_orders_xlsx(header, data_rows, junk_top, junk_bottom):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.xlsx"
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in [*junk_top, header, *data_rows, *junk_bottom]:
            sheet.append(row)
        workbook.save(path)
        result = read_orders_report(path)
    return result.rows, result.errors


ORDERS_BASELINE = _parse_orders_xlsx(
    [name for name, _ in ORDER_COLUMNS],
    [[values[i] for _, values in ORDER_COLUMNS] for i in range(3)],
    [],
    [],
)


@PROPERTY_SETTINGS
@given(
    order=st.permutations(range(len(ORDER_COLUMNS))),
    spacers=st.lists(st.integers(0, len(ORDER_COLUMNS)), max_size=3),
    padding=st.sampled_from(["", " ", "  \n"]),
    junk_top=st.lists(st.sampled_from(JUNK_TOP), max_size=2),
    junk_bottom=st.lists(st.sampled_from(JUNK_BOTTOM), max_size=2),
)
def test_orders_xlsx_variants_parse_same(order, spacers, padding, junk_top, junk_bottom):
    columns = [
        (padding + name + padding, values) for name, values in (ORDER_COLUMNS[i] for i in order)
    ]
    for at in sorted(spacers, reverse=True):
        columns.insert(at, (None, [None, None, None]))

    header = [name for name, _ in columns]
    data_rows = [[values[i] for _, values in columns] for i in range(3)]

    assert _parse_orders_xlsx(header, data_rows, junk_top, junk_bottom) == ORDERS_BASELINE
