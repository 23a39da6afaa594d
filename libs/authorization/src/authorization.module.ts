import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthorizationCodeEntity } from '@app/persistence';
import { AuthorizationCodes } from './codes/authorization-codes.service';
import { ConsentEvents } from './consents/consent-events';

@Module({
  imports: [TypeOrmModule.forFeature([AuthorizationCodeEntity])],
  providers: [AuthorizationCodes, ConsentEvents],
  exports: [AuthorizationCodes, ConsentEvents],
})
export class AuthorizationModule {}
