# each binding module is imported by name: see tools/regenerate.py
