"""Generated code; see derivations/codegen.py. DO NOT EDIT."""
