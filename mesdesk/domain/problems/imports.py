"""Problems of importing a spreadsheet, a CSV file or a 1C file (SPEC §7, §11).

``{file}`` is the file as the user chose it. Where a problem is in the file comes as location
facts: ``row`` (as Excel numbers it, the header being row 1 of a usual sheet), ``column`` (its
letter) and ``field`` (the column's header as the file writes it).
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "IMPORT_NOT_A_TABLE", "IMPORT_ZIP_NOT_A_WORKBOOK", "IMPORT_DAMAGED", "IMPORT_PASSWORD",
    "IMPORT_NOT_REGULAR_FILE", "IMPORT_NO_WORKSHEET", "IMPORT_NO_ROWS", "IMPORT_NO_HEADER",
    "IMPORT_COLUMNS_MISSING", "IMPORT_HEADER_EMPTY", "IMPORT_HEADER_DUPLICATE",
    "IMPORT_TOO_MANY_ROWS", "IMPORT_CSV_ENCODING", "IMPORT_CSV_UNREADABLE",
    "IMPORT_MERGED_CELLS", "IMPORT_FORMULA_WITHOUT_VALUE", "IMPORT_CELL_ERROR",
    "IMPORT_VALUE_WITHOUT_HEADER", "IMPORT_DUPLICATE_IN_FILE", "IMPORT_DUPLICATE_BATCH",
    "IMPORT_CODE_REPEATED", "IMPORT_ROW_OF_OTHER_BATCH", "IMPORT_CODES_NEED_BATCH",
    "IMPORT_BATCHES_NOT_CODES",
]

# -- the file as a whole: nothing is stored ------------------------------------------------------
IMPORT_NOT_A_TABLE = define("import.not_a_table", Kind.VALIDATION,
                            "{file} is not a spreadsheet (.xlsx, .xls, .ods), a CSV file or a "
                            "1C JSON file")
IMPORT_ZIP_NOT_A_WORKBOOK = define("import.zip_not_a_workbook", Kind.VALIDATION,
                                   "{file} is a ZIP archive, but not an Excel or OpenDocument "
                                   "workbook")
IMPORT_DAMAGED = define("import.damaged", Kind.VALIDATION,
                        "{file} looks like a {format} file but cannot be read: it is damaged "
                        "or incomplete")
IMPORT_PASSWORD = define("import.password_protected", Kind.VALIDATION,
                         "{file} is protected by a password; save a copy without the password "
                         "and import that")
IMPORT_NOT_REGULAR_FILE = define("import.not_a_regular_file", Kind.VALIDATION,
                                 "{file} is not a regular file")
IMPORT_NO_WORKSHEET = define("import.no_worksheet", Kind.VALIDATION,
                             "{file} has no worksheet with cells")
IMPORT_NO_ROWS = define("import.no_rows", Kind.VALIDATION,
                        "{file} has a header row but no rows under it: nothing to import")
IMPORT_NO_HEADER = define("import.no_header", Kind.VALIDATION,
                          "the first row of {file} names no column MESDesk knows: it must hold "
                          "the column names (the 1C keys such as НомерПартии, or the English "
                          "names such as batch_number)")
IMPORT_COLUMNS_MISSING = define("import.columns_missing", Kind.VALIDATION,
                                "{file} has no column {headers} (the 1C key or its English "
                                "name)")
IMPORT_HEADER_EMPTY = define("import.header_empty", Kind.VALIDATION,
                             "the header row has a column without a name; name it or delete "
                             "the column")
IMPORT_HEADER_DUPLICATE = define("import.header_duplicate", Kind.VALIDATION,
                                 "the column {header} is there twice (first in column "
                                 "{first_column}); keep one of them")
IMPORT_TOO_MANY_ROWS = define("import.too_many_rows", Kind.VALIDATION,
                              "{file} has more than {limit} rows; split it into smaller files "
                              "or raise the intake_max_items setting")
IMPORT_CSV_ENCODING = define("import.csv_encoding", Kind.VALIDATION,
                             "{file} is neither UTF-8 nor Windows-1251 text; save it as "
                             "\"CSV UTF-8\" and try again")
IMPORT_CSV_UNREADABLE = define("import.csv_unreadable", Kind.VALIDATION,
                               "{file} cannot be read as CSV: a value is longer than "
                               "{char_limit} characters, or its quotes do not close")
IMPORT_CODES_NEED_BATCH = define("import.codes_need_batch", Kind.VALIDATION,
                                 "{file} holds product codes: choose the batch they go into")
IMPORT_BATCHES_NOT_CODES = define("import.batches_not_codes", Kind.VALIDATION,
                                  "{file} holds batches, not product codes: import it without "
                                  "choosing a batch")

# -- one row: that row is refused, the others go on ---------------------------------------------
IMPORT_MERGED_CELLS = define("import.merged_cells", Kind.VALIDATION,
                             "the cells {cells} are merged; unmerge them and fill in every cell")
IMPORT_FORMULA_WITHOUT_VALUE = define("import.formula_without_value", Kind.VALIDATION,
                                      "the cell {cell} holds a formula whose value was never "
                                      "calculated; open the file in Excel, let it calculate, "
                                      "and save it")
IMPORT_CELL_ERROR = define("import.cell_error", Kind.VALIDATION,
                           "the cell {cell} holds the error {value}")
IMPORT_VALUE_WITHOUT_HEADER = define("import.value_without_header", Kind.VALIDATION,
                                     "there is a value in a column without a header; name the "
                                     "column or clear the value")
IMPORT_DUPLICATE_IN_FILE = define("import.duplicate_in_file", Kind.CONFLICT,
                                  "the same batch number and date as row {first_row}")
#: SPEC §7's words: a row whose batch exists already (facts: number, date, id) is skipped.
IMPORT_DUPLICATE_BATCH = define("import.duplicate_batch", Kind.CONFLICT,
                                "Duplicate batch number and date")
IMPORT_CODE_REPEATED = define("import.code_repeated", Kind.CONFLICT,
                              "the code is listed again (first in row {first_row})")
IMPORT_ROW_OF_OTHER_BATCH = define("import.row_of_other_batch", Kind.VALIDATION,
                                   "the row is for batch {number} of {date}, not for the chosen "
                                   "batch {chosen_number} of {chosen_date}")
