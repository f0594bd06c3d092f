"""Dates read the same everywhere: "1 december 2026" in text, "01-12-2026
20:54" in tables, in the portal, the admin and the exports."""

DATE_FORMAT = "j F Y"
# Django shows datetimes this way in tables (the admin); text writes "j F Y, H:i".
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S"]
