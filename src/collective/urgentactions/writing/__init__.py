"""Writing the letter: personalised .docx and PDF, email to the authority."""
