"""The in-app inbox (站内通知): messages to staff, deduplicated per occasion,
and their mail. The cross-level flows, the reports and the deadline scans
write here; it knows none of them."""
