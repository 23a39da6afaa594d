import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { TokensModule } from '@app/tokens';
import { BearerGuard } from './bearer/bearer.guard';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';

/** The resource API. Exports the bearer guard (and, through TokensModule, its validator) to the dialects. */
@Module({
  imports: [TokensModule, AccountsModule],
  controllers: [MeController],
  providers: [BearerGuard, MeService],
  exports: [BearerGuard, TokensModule],
})
export class ResourceModule {}
