"""The SSDA903 return: specification, reading, writing and stacking years.

Pure Python and Polars: no Django import here, so the validator, the indicator engine and
the synthetic generator can all use it outside the web application.
"""
