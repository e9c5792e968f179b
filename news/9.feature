Extension points for integrators (`docs/extending.md`): the adapters `IActionTally` and `IMemberRecords`, and the events letters counted, entry taken back, follow changed and member erased.
