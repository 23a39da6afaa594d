import { Module } from '@nestjs/common';
import { AdminApiModule } from './api/admin-api.module';
import { ConsoleModule } from './console/console.module';

/** Operators' tools over the other libs: the JSON admin API and the console pages. */
@Module({
  imports: [AdminApiModule, ConsoleModule],
})
export class AdminModule {}
