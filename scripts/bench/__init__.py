"""The benchmark behind `make bench`: `config` (pages, data sets, targets),
`data` (building a data set, gunicorn and wrk on it), `extras` (the machine,
the HR import), `targets` (ratios and verdicts) and `report`
(docs/performance.md)."""
