"""Small hand-made files in SIPRI's export layouts (the structure of SIPRI's files, not their rows)."""

from __future__ import annotations

REGISTER_HEADER = (
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
    "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
    "SIPRI TIV of delivered weapons"
)
DELIVERY_YEAR_HEADER = (
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,"
    "Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,"
    "Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production"
)

# Register rows: line 13 onward (11 preamble lines + header on line 12).
REGISTER_ROWS = [
    # 40 TIV delivered over two listed years -> 20 in 2011 and 20 in 2013 (2012 skipped)
    "India,Russia,2010,,4,,Xa-1,fighter aircraft,4,,2011; 2013,New,"
    "deal note; delivery delayed from 2010 to 2011,10,40,40",
    # every estimate flag set; 60 TIV in one year
    "India,France,2012,?,3,?,Yb-2,submarine,2,?,2014,New,,30,90,60",
    # older exports mark estimates with parentheses; 15 TIV -> 7.5 in 2006 and 7.5 in 2007
    "Pakistan,China,(2005),,(10),,Zc-3,tank,10,,2006; 2007,Second hand,,1.5,15,15",
    # nothing delivered yet, number ordered unknown, TIV total blank
    "India,Israel,2020,?,,,Wd-4,multiple rocket launcher,0,,,New,planned,2,,",
    # Windows-1252 text; former state as supplier; 1 TIV in 1986
    "Viet Nam,Soviet Union,1985,,2,,W\u00e4rtsil\u00e4-9,diesel engine,2,,1986,New,,0.5,1,1",
    # non-state recipient, unknown supplier; 1.5 TIV -> 0.5 in each of three years
    "MNLF (Philippines)*,unknown supplier(s),1975,?,50,?,Ve-5,anti-tank missile,50,?,1975; 1976; 1977,New,,"
    "0.03,1.5,1.5",
]

DELIVERY_YEAR_ROWS = [
    "101,Russia,India,Xa-1,fighter aircraft,Aircraft,2010,No,2,No,2011,No,New,10,10,20,No",
    "101,Russia,India,Xa-1,fighter aircraft,Aircraft,2010,No,2,Yes,2013,No,New,10,10,20,No",
    "102,Soviet Union,India,Old-1,tank,Armoured vehicles,1985,Yes,5,Yes,2011,No,Second hand,2,0.8,4,No",
    "103,France,India,Yb-2,submarine,Ships,2012,Yes,1,No,2011,No,New,30,30,30,Yes",
    "104,United States,Pakistan,Zd-1,helicopter,Aircraft,2008,No,3,No,2011,Yes,New,5,5,15,No",
]


def preamble(first_line: str, generated: str) -> list[str]:
    """SIPRI's 11-line preamble of the register and the delivery-year export."""
    return [
        first_line,
        "A '?' in a column indicates uncertain data.",
        "An empty field for 'Number ordered' indicates that data is not yet available.",
        "SIPRI trend-indicator values (TIVs) are in millions.",
        "An empty field for 'SIPRI TIV for total order' indicates that data is not available.",
        "A '0' for 'SIPRI TIV of delivered weapons' indicates that the volume is between 0 and 0.5 million.",
        "Figures may not add up to stated totals due to the conventions of rounding.",
        "For the method used see <https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
        "",
        "Source: SIPRI Arms Transfers Database (c) SIPRI.",
        f"Data generated: {generated}",
    ]


def register(rows: list[str] | None = None, *, generated: str = "18 May 2026 2:29:20 PM",
             scope: str = "from All countries  to All countries",
             years: str = "'Not specified' to 'Not specified'", encoding: str = "cp1252",
             footer: list[str] | None = None) -> bytes:
    """A classic trade register export (Windows-1252, LF line ends, no footer unless given)."""
    title = f"Transfers of major conventional arms {scope} . Deals with deliveries made for the year range {years} "
    lines = preamble(title, generated) + [REGISTER_HEADER] + (REGISTER_ROWS if rows is None else rows)
    lines += footer or []
    return ("\n".join(lines) + "\n").encode(encoding)


def delivery_year(rows: list[str] | None = None, *, generated: str = "3 Jan 2025 9:16:02 PM",
                  scope: str = "from All countries  to All countries", years: str = "'2000' to '2030'") -> bytes:
    """A transfers-by-delivery-year export (one row per deal and delivery year)."""
    title = (f"Transfers of major conventional arms {scope} . Deals with deliveries or orders made for "
             f"year range {years} ")
    lines = preamble(title, generated) + [DELIVERY_YEAR_HEADER] + (DELIVERY_YEAR_ROWS if rows is None else rows)
    return ("\n".join(lines) + "\n").encode("ascii")


def tiv_table(first_cell: str = "Recipient", rows: list[str] | None = None,
              generated: str = "13 Oct 2024 12:33:29 PM") -> bytes:
    """A TIV importer (``Recipient``) or exporter (``Exports by``) table with its world-total footer row."""
    body = rows if rows is not None else [
        "India,,54,20,74,60.2%,74,60.2%",
        "Pakistan,0 ,15,,15,12.2%,15,12.2%",
    ]
    lines = [
        "Volume of transfers of major arms",
        "Figures are in millions of SIPRI trend-indicator values (TIVs).",
        "A '0' indicates that the volume of deliveries is between 0 and 0.5 million SIPRI TIV.",
        "Figures may not add up to stated totals due to the conventions of rounding.",
        "For the method used for the SIPRI TIV see "
        "<https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
        "",
        "Source: SIPRI Arms Transfers Database (c) SIPRI.",
        f"Data generated: {generated}",
        "",
        f"{first_cell},2010,2011,2012,2010-2012,Percentage,Sum total years,Percentage of total",
        *body,
        "Total world import,100,123,20,243,100%,243,100%",
        "",
    ]
    return "\n".join(lines).encode("ascii")


def with_comment_breaks(data: bytes, count: int = 4, every: int = 5000) -> tuple[bytes, list[int]]:
    """A trade register with a line break in the Comments of ``count`` records spread over the file.

    In each, the first ``"; "`` of the comment becomes ``";"`` and a break, CR LF and bare LF in turn (SIPRI's
    March 2025 register has both). Returns the bytes and the first line of each broken record.
    """
    comments, breaks = 12, (b"\r\n", b"\n")
    lines = data.split(b"\n")
    broken: list[int] = []
    index = 12  # the first data line of a register with SIPRI's 11-line preamble
    while len(broken) < count and index < len(lines):
        fields = lines[index].split(b",")
        if len(fields) == 16 and b"; " in fields[comments]:
            fields[comments] = fields[comments].replace(b"; ", b";" + breaks[len(broken) % 2], 1)
            lines[index] = b",".join(fields)
            broken.append(index + 1 + len(broken))  # counting the lines the breaks above it added
            index += every
        else:
            index += 1
    return b"\n".join(lines), broken
