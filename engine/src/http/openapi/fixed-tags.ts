/** Tags of the routes that are the same in every model (entity tags are entity names, lower camelCase). */
export const FIXED_TAGS = [
  { name: 'System', description: 'Health and this description.' },
  { name: 'Sessions', description: "Signing in and out, one's own password and API tokens." },
  { name: 'People', description: 'Users, teams and the records they own.' },
  { name: 'Metadata', description: 'The metadata documents that define entities, forms, views and the rest.' },
  { name: 'Files', description: 'Uploads for file and image fields.' },
  { name: 'Screens', description: 'What the web app reads: the UI bundle for the signed-in user, and their own saved views.' },
  { name: 'Actions', description: 'Record actions: buttons that update records or convert them into others, run as metadata says.' },
  { name: 'Reports', description: 'Reports and dashboards: aggregates of the records the caller may read, with charts, drill-down filters and exports.' },
  { name: 'Approvals', description: "Submitting records for approval, deciding, recalling; the inbox and a record's approval history." },
  { name: 'Notifications', description: "The signed-in user's inbox: reminders, automations and approvals deliver here." },
];
