"""The update function: mail to the members following an Urgent Action.

``dispatch`` reacts to publishing (updates, new actions) and outcomes,
``digests`` is the daily run of the ``send-digests`` cron command, ``mails``
writes the mails in each member's language, ``outbox`` queues and delivers
them, ``tokens`` signs the unsubscribe links, ``preferences`` reads the
member's settings and ``browser`` holds the pages.
"""
