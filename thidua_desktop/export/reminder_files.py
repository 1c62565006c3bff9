"""Write a whole set of reminders into a folder: the list and one letter per unit."""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.export.reminder_docx import write_letters_docx
from thidua_desktop.export.reminder_pdf import write_letters_pdf
from thidua_desktop.export.reminder_xlsx import write_reminder_list
from thidua_desktop.services.dossier_reminders import ReminderSet, letter_file_stem

FORMATS = ("xlsx", "pdf", "docx")


def list_file_name(reminders: ReminderSet) -> str:
    """"Danh sách nhắc nộp hồ sơ 15-04-2025.xlsx"."""
    return f"Danh sách nhắc nộp hồ sơ {reminders.as_of:%d-%m-%Y}.xlsx"


def export_reminders(reminders: ReminderSet, folder: str | Path, formats=FORMATS,
                     progress=None) -> list[Path]:
    """Write the list (xlsx) and each unit's letter (pdf, docx); return the files written.

    `progress(done, total)` is called after each file (the window shows a bar).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    if "xlsx" in formats:
        jobs.append((folder / list_file_name(reminders), lambda p: write_reminder_list(reminders, p)))
    for letter in reminders.letters:
        stem = letter_file_stem(letter)
        if "pdf" in formats:
            jobs.append((folder / f"{stem}.pdf", lambda p, x=letter: write_letters_pdf(reminders, p, [x])))
        if "docx" in formats:
            jobs.append((folder / f"{stem}.docx", lambda p, x=letter: write_letters_docx(reminders, p, [x])))
    written = []
    for done, (path, write) in enumerate(jobs, start=1):
        written.append(write(path))
        if progress is not None:
            progress(done, len(jobs))
    return written
