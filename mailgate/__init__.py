"""mailgate: an inbound mail daemon that turns authenticated CSR commands and customer replies into
subscription changes, committed before the SMTP 250 and confirmed by mail."""

__version__ = "0.1.0"
