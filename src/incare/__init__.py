"""incare: software with which an English council acts as a good corporate parent."""

__version__ = "0.1.0"
