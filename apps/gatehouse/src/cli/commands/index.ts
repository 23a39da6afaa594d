import type { Command } from './command';
import { clientApprove, clientCreate, clientList } from './client.commands';
import { adminCreate, userCreate } from './user.commands';
import { importCommand } from './import.commands';

export type { Command, CommandContext } from './command';
export const COMMANDS: readonly Command[] = [userCreate, adminCreate, clientCreate, clientApprove, clientList, importCommand];
