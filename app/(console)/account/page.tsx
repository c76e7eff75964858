import { redirect } from 'next/navigation';

/** The Account entry of the navigation opens the person's sessions; the password page is one tab over. */
export default function AccountPage() {
  redirect('/account/sessions');
}
