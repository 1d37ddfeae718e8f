"""Faults with real processes: killed servers and workers, mail servers that hang, full disks, backups."""
