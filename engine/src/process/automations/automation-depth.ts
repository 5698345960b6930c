/**
 * The deepest chain of process writes automations take part in: a person's write is depth 0,
 * an automation's write from it depth 1, and so on. A write at this depth runs no automation:
 * a loop in metadata (two automations setting each other's trigger field) stops here, logged
 * as an error, and the write that reached it still succeeds without the step that would loop.
 */
export const MAX_AUTOMATION_DEPTH = 8;
