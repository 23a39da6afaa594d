import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthorizationCodeEntity } from '@app/persistence';
import { AuthorizationCodes } from './codes/authorization-codes.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuthorizationCodeEntity])],
  providers: [AuthorizationCodes],
  exports: [AuthorizationCodes],
})
export class AuthorizationModule {}
