/**
 * How many servers (not removed) a group holds: removing one that still holds any is refused. Backed by the
 * monitoring read model (eventually consistent: a server registered a moment ago may not be counted yet).
 */
export interface ServerGroupMembers {
  countServers(groupId: string): Promise<number>;
}
