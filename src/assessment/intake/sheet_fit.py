"""Row heights for wrapped text in the workbooks the program writes.

Neither openpyxl nor LibreOffice grows a row to fit its wrapped text when the file is made
by a program, so a long indicator name would print over the next row. The height is set
from the longest cell of each row: its lines at the column's width (about one character
per unit of Excel's column width for Vietnamese text in an 11-point font)."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

LINE_POINTS = 14.5  # one line of 11-point text
PADDING = 3.0
DEFAULT_WIDTH = 8.43  # Excel's default column width


def lines(text, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` wide, wrapped at words."""
    if text is None or text == "":
        return 1
    per_line = max(int(width * 1.05) - 1, 1)
    total = 0
    for paragraph in str(text).split("\n"):
        count, length = 1, 0
        for word in paragraph.split():
            if length and length + 1 + len(word) > per_line:  # the word starts a new line
                count, length = count + 1, 0
            length += (1 if length else 0) + len(word)
            while length > per_line:  # a word longer than the line breaks inside it
                count, length = count + 1, length - per_line
        total += count
    return total


def fit_rows(ws, first_row: int = 1, last_row: int | None = None,
             min_lines: int = 1) -> None:
    """Set each row's height from ``first_row`` to ``last_row`` to its tallest cell."""
    widths = {}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row or ws.max_row):
        tallest = min_lines
        for cell in row:
            if cell.value is None:
                continue
            letter = get_column_letter(cell.column)
            if letter not in widths:
                widths[letter] = ws.column_dimensions[letter].width or DEFAULT_WIDTH
            tallest = max(tallest, lines(cell.value, widths[letter]))
        if tallest > 1:
            ws.row_dimensions[row[0].row].height = tallest * LINE_POINTS + PADDING
