import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** `/` is where a login without return_to lands: the user's own page. */
@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Redirect('/account/grants', 302)
  home(): void {}
}
