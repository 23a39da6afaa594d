import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/common';
import { UsersService } from './users.service';

/** Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when no admin exists. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly users: UsersService) {}

  async onApplicationBootstrap(): Promise<void> {
    const { username, password } = this.config.admin;
    if (!username || !password) return;
    const created = await this.users.ensureAdmin(username, password);
    if (created) this.logger.log(`created the first admin "${created.username}"`);
  }
}
