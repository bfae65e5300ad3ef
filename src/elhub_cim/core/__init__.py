"""The bottom layer: the stages every format and feature builds on.

Safe parsing, message identification, XSD validation, binding, serialisation, the message
catalogue, errors and small shared helpers. Nothing here imports anything of elhub_cim outside
``core`` (a test enforces it).
"""
