"""The data stewards' path into the graph: submissions, spreadsheets and steward accounts.

Modules: `submissions` (read → validate → merge atomically with provenance; list; retract),
`spreadsheets` (CSV/XLSX to RDF by the declarative mapping `data/templates/mapping.json`, every
triple remembering its cell) and `accounts` (stewards and their hashed passwords).
"""

from sotegraph.stewarding.accounts import add_steward, check_login, remove_steward, steward_names
from sotegraph.stewarding.submissions import Submission, list_submissions, parse_submission, retract, submit, validate

__all__ = ["Submission", "add_steward", "check_login", "list_submissions", "parse_submission", "remove_steward",
           "retract", "steward_names", "submit", "validate"]
