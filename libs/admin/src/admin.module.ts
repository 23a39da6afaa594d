import { Module } from '@nestjs/common';
import { AdminApiModule } from './api/admin-api.module';

/** Operators' tools over the other libs: the JSON admin API (and the console pages). */
@Module({
  imports: [AdminApiModule],
})
export class AdminModule {}
