package app.swip.core.android

import android.content.Context
import android.content.SharedPreferences
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.util.Base64
import app.swip.core.SecureStore
import app.swip.core.SecureStoreException
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.ProviderException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The core's [SecureStore] on Android: every value is encrypted with AES-256-GCM under a key that
 * never leaves the AndroidKeyStore (hardware-backed where the device has it), and the ciphertext
 * (12-byte IV + ciphertext + tag, Base64) is kept in private SharedPreferences.
 *
 * The core writes its pending-payment journal here *before* a payment request leaves, so writes
 * use `commit()` (synchronous, durable), never `apply()`. The core calls from its worker threads:
 * the key is loaded (or generated) once, under a lock, and kept.
 */
class KeystoreSecureStore(
    context: Context,
) : SecureStore {
    private val prefs: SharedPreferences =
        context.applicationContext.getSharedPreferences(PREFS, Context.MODE_PRIVATE)

    private val lock = Any()

    @Volatile private var cachedKey: SecretKey? = null

    override fun get(key: String): ByteArray? {
        val stored = prefs.getString(key, null) ?: return null
        return guarded {
            val bytes = Base64.decode(stored, Base64.NO_WRAP)
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES))
            cipher.updateAAD(key.toByteArray(Charsets.UTF_8)) // a value cannot be moved to another key
            cipher.doFinal(bytes, IV_BYTES, bytes.size - IV_BYTES)
        }
    }

    override fun put(
        key: String,
        value: ByteArray,
    ) {
        val encoded =
            guarded {
                val cipher = Cipher.getInstance(TRANSFORMATION)
                cipher.init(Cipher.ENCRYPT_MODE, key())
                cipher.updateAAD(key.toByteArray(Charsets.UTF_8))
                Base64.encodeToString(cipher.iv + cipher.doFinal(value), Base64.NO_WRAP)
            }
        if (!prefs.edit().putString(key, encoded).commit()) {
            throw SecureStoreException.Failed("could not write the secure store")
        }
    }

    override fun delete(key: String) {
        if (!prefs.edit().remove(key).commit()) {
            throw SecureStoreException.Failed("could not write the secure store")
        }
    }

    /** The store's key: loaded from the AndroidKeyStore (or generated) on first use, then cached. */
    private fun key(): SecretKey {
        cachedKey?.let { return it }
        synchronized(lock) {
            cachedKey?.let { return it }
            val keyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
            val key = (keyStore.getKey(KEY_ALIAS, null) as? SecretKey) ?: generateKey()
            cachedKey = key
            return key
        }
    }

    private fun generateKey(): SecretKey {
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
        generator.init(
            KeyGenParameterSpec
                .Builder(KEY_ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return generator.generateKey()
    }

    /** Maps platform failures to the core's typed errors (messages never contain a value). */
    private inline fun <T> guarded(block: () -> T): T =
        try {
            block()
        } catch (e: KeyPermanentlyInvalidatedException) {
            synchronized(lock) { cachedKey = null }
            throw SecureStoreException.Unavailable("the Keystore key was invalidated")
        } catch (e: GeneralSecurityException) {
            throw SecureStoreException.Failed("${e.javaClass.simpleName}: Keystore operation failed")
        } catch (e: ProviderException) {
            throw SecureStoreException.Failed("ProviderException: Keystore operation failed")
        } catch (e: IllegalArgumentException) {
            throw SecureStoreException.Failed("the stored value is not readable")
        }

    private companion object {
        const val PREFS = "swip_secure_store"
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "swip_secure_store_key"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
