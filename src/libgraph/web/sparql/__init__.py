"""The read-only SPARQL 1.1 endpoint behind ``/sparql``: checks, worker processes, formats."""
